import {
  ADDRESS_LIMITS,
  PHONE_PATTERN,
  POSTAL_CODE_PATTERN,
  type ShippingAddress,
} from '@souk/contracts';
import type { MessageKey } from '../i18n/fr.js';

export interface AddressForm {
  fullName: string;
  line1: string;
  line2: string;
  city: string;
  postalCode: string;
  country: string;
  phone: string;
}

export type AddressErrors = Partial<Record<keyof AddressForm, MessageKey>>;

export const EMPTY_ADDRESS: AddressForm = {
  fullName: '',
  line1: '',
  line2: '',
  city: '',
  postalCode: '',
  country: 'MA',
  phone: '',
};

/** Countries offered first; any ISO 3166-1 code is accepted by the services. */
export const COUNTRIES = [
  'MA',
  'FR',
  'BE',
  'ES',
  'DZ',
  'TN',
  'SN',
  'CI',
  'CA',
  'CH',
  'DE',
  'GB',
  'IT',
  'NL',
  'PT',
  'US',
] as const;

const LIMITS: Partial<Record<keyof AddressForm, number>> = {
  fullName: ADDRESS_LIMITS.fullName,
  line1: ADDRESS_LIMITS.line1,
  line2: ADDRESS_LIMITS.line2,
  city: ADDRESS_LIMITS.city,
};
const POSTAL_CODE = new RegExp(POSTAL_CODE_PATTERN);
const PHONE = new RegExp(PHONE_PATTERN);

/** The address contract's own limits and patterns, checked before anything is sent. */
export function validateAddress(form: AddressForm): AddressErrors {
  const errors: AddressErrors = {};
  for (const field of ['fullName', 'line1', 'city', 'postalCode'] as const) {
    if (!form[field].trim()) errors[field] = 'address.error.required';
  }
  for (const [field, max] of Object.entries(LIMITS) as Array<[keyof AddressForm, number]>) {
    if (!errors[field] && form[field].trim().length > max) errors[field] = 'address.error.tooLong';
  }
  if (!errors.postalCode && !POSTAL_CODE.test(form.postalCode.trim()))
    errors.postalCode = 'address.error.postalCode';
  if (!/^[A-Z]{2}$/.test(form.country)) errors.country = 'address.error.country';
  const phone = form.phone.replace(/[\s().-]/g, '');
  if (phone && !PHONE.test(phone)) errors.phone = 'address.error.phone';
  return errors;
}

/** The order's shipping address: trimmed, optional parts left out when empty. */
export function toShippingAddress(form: AddressForm): ShippingAddress {
  const phone = form.phone.replace(/[\s().-]/g, '');
  return {
    fullName: form.fullName.trim(),
    line1: form.line1.trim(),
    ...(form.line2.trim() ? { line2: form.line2.trim() } : {}),
    city: form.city.trim(),
    postalCode: form.postalCode.trim(),
    country: form.country,
    ...(phone ? { phone } : {}),
  };
}

export function fromSavedAddress(address: {
  fullName: string;
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  country: string;
  phone?: string;
}): AddressForm {
  return {
    fullName: address.fullName,
    line1: address.line1,
    line2: address.line2 ?? '',
    city: address.city,
    postalCode: address.postalCode,
    country: address.country,
    phone: address.phone ?? '',
  };
}
