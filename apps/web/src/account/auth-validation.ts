import type { MessageKey } from '../i18n/fr.js';

export interface RegisterForm {
  firstName: string;
  lastName: string;
  email: string;
  password: string;
  phone: string;
}

export type RegisterErrors = Partial<Record<keyof RegisterForm, MessageKey>>;

export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validateRegister(form: RegisterForm): RegisterErrors {
  const errors: RegisterErrors = {};
  if (!form.firstName.trim()) errors.firstName = 'auth.error.required';
  if (!form.lastName.trim()) errors.lastName = 'auth.error.required';
  if (!EMAIL_PATTERN.test(form.email.trim())) errors.email = 'auth.error.email';
  if (form.password.length < 8 || form.password.length > 128)
    errors.password = 'auth.error.password';
  const phone = form.phone.replace(/[\s().-]/g, '');
  if (phone && !/^\+?[0-9]{7,15}$/.test(phone)) errors.phone = 'address.error.phone';
  return errors;
}
