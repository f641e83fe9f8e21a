import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { ADDRESS_LIMITS, CreateAddressBody, ShippingAddress, UpdateAddressBody } from './client.js';

const address = {
  fullName: 'Amina Benali',
  line1: '12 rue des Orangers',
  line2: 'Appartement 4',
  city: 'Marrakech',
  postalCode: '40000',
  country: 'MA',
  phone: '+212612345678',
};

const fields = ['fullName', 'line1', 'line2', 'city', 'postalCode'] as const;

describe('one address schema for saved addresses and orders', () => {
  it.each(fields)(
    'when %s is exactly at its limit, then a saved address, an edit and a shipping address all accept it',
    (field) => {
      const value = { ...address, [field]: '1'.repeat(ADDRESS_LIMITS[field]) };
      expect(Value.Check(ShippingAddress, value)).toBe(true);
      expect(Value.Check(CreateAddressBody, value)).toBe(true);
      expect(Value.Check(UpdateAddressBody, { [field]: value[field] })).toBe(true);
    },
  );

  it.each(fields)('when %s is one character over its limit, then all three refuse it', (field) => {
    const value = { ...address, [field]: '1'.repeat(ADDRESS_LIMITS[field] + 1) };
    expect(Value.Check(ShippingAddress, value)).toBe(false);
    expect(Value.Check(CreateAddressBody, value)).toBe(false);
    expect(Value.Check(UpdateAddressBody, { [field]: value[field] })).toBe(false);
  });

  it('when a saved address is copied into an order, then its postal fields are a valid shipping address', () => {
    const saved = { label: 'Home', ...address, isDefault: true };
    expect(Value.Check(CreateAddressBody, saved)).toBe(true);
    const { label: _label, isDefault: _isDefault, ...postal } = saved;
    expect(Value.Check(ShippingAddress, postal)).toBe(true);
  });

  it('when a phone number has spaces, then both refuse it (the forms send digits only)', () => {
    expect(Value.Check(ShippingAddress, { ...address, phone: '+212 6 12 34 56 78' })).toBe(false);
    expect(Value.Check(CreateAddressBody, { ...address, phone: '+212 6 12 34 56 78' })).toBe(false);
  });
});
