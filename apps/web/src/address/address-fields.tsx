import { useI18n } from '../i18n/i18n.js';
import { SelectField, TextField } from '../ui/field.js';
import { COUNTRIES, type AddressErrors, type AddressForm } from './address-validation.js';

/** The postal fields of an address, with inline errors (checkout and account). */
export function AddressFields({
  value,
  errors,
  onChange,
  onBlurField,
}: {
  value: AddressForm;
  errors: AddressErrors;
  onChange(value: AddressForm): void;
  onBlurField?(field: keyof AddressForm): void;
}) {
  const { t, locale } = useI18n();
  const names = new Intl.DisplayNames([locale], { type: 'region' });
  const field = (name: keyof AddressForm) => ({
    value: value[name],
    onChange: (event: { target: { value: string } }) =>
      onChange({ ...value, [name]: event.target.value }),
    onBlur: () => onBlurField?.(name),
    error: errors[name]
      ? t(errors[name], { max: name === 'line1' || name === 'line2' ? 200 : 100 })
      : undefined,
    name,
  });
  const countries = COUNTRIES.includes(value.country as (typeof COUNTRIES)[number])
    ? COUNTRIES
    : [value.country, ...COUNTRIES];
  return (
    <div className="form-grid form-grid--2">
      <TextField
        label={t('address.fullName')}
        autoComplete="name"
        required
        fieldClassName="span-2"
        {...field('fullName')}
      />
      <TextField
        label={t('address.line1')}
        autoComplete="address-line1"
        required
        fieldClassName="span-2"
        {...field('line1')}
      />
      <TextField
        label={t('address.line2')}
        autoComplete="address-line2"
        optional={t('app.optional')}
        fieldClassName="span-2"
        {...field('line2')}
      />
      <TextField
        label={t('address.city')}
        autoComplete="address-level2"
        required
        {...field('city')}
      />
      <TextField
        label={t('address.postalCode')}
        autoComplete="postal-code"
        required
        {...field('postalCode')}
      />
      <SelectField label={t('address.country')} autoComplete="country" {...field('country')}>
        {countries.map((code) => (
          <option key={code} value={code}>
            {names.of(code) ?? code}
          </option>
        ))}
      </SelectField>
      <TextField
        label={t('address.phone')}
        type="tel"
        autoComplete="tel"
        optional={t('app.optional')}
        placeholder="+212612345678"
        {...field('phone')}
      />
    </div>
  );
}
