import { Type, type Static } from '@sinclair/typebox';
import { PersonName, Phone } from './auth.js';
import { Page, PageQuery, StrictObject, Timestamp, Uuid } from './common.js';

// Client service contracts: client profiles with their saved addresses, and the event it publishes.

/** Every officially assigned ISO 3166-1 alpha-2 code (249); reserved and user-assigned codes are refused. */
export const COUNTRY_CODES: readonly string[] = (
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS ' +
  'BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE ' +
  'EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM ' +
  'HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC ' +
  'LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA ' +
  'NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
  'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO ' +
  'TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
).split(' ');

// A pattern rather than an enum or a union: one readable error, and TypeBox's Value can check it too.
export const CountryCode = Type.String({
  pattern: `^(?:${COUNTRY_CODES.join('|')})$`,
  maxLength: 2,
  description: 'ISO 3166-1 alpha-2 country code, upper case (e.g. MA, FR)',
});

/**
 * The limits of a postal address, in characters: the same for a saved address, an order's shipping
 * address and the web app's forms (which read them from here).
 */
export const ADDRESS_LIMITS = {
  label: 40,
  fullName: 100,
  line1: 200,
  line2: 200,
  city: 100,
  postalCode: 12,
} as const;

/** 1 to 12 letters, digits, spaces or dashes, starting with a letter or a digit. */
export const POSTAL_CODE_PATTERN = `^[A-Za-z0-9][A-Za-z0-9 -]{0,${ADDRESS_LIMITS.postalCode - 1}}$`;

const AddressText = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });
const AddressLabel = Type.String({
  minLength: 1,
  maxLength: ADDRESS_LIMITS.label,
  pattern: '\\S',
  description: 'e.g. "Home", "Office"',
});
const PostalCode = Type.String({
  pattern: POSTAL_CODE_PATTERN,
  maxLength: ADDRESS_LIMITS.postalCode,
  description: '1 to 12 letters, digits, spaces or dashes',
});

/** The postal part of an address as a request carries it: one schema for every address input. */
const postalAddress = {
  fullName: AddressText(ADDRESS_LIMITS.fullName),
  line1: AddressText(ADDRESS_LIMITS.line1),
  line2: Type.Optional(AddressText(ADDRESS_LIMITS.line2)),
  city: AddressText(ADDRESS_LIMITS.city),
  postalCode: PostalCode,
  country: CountryCode,
  phone: Type.Optional(Phone),
};

/** An order's shipping address; the postal fields of a saved address can be copied into it as they are. */
export const ShippingAddress = StrictObject(postalAddress);
export type ShippingAddress = Static<typeof ShippingAddress>;

/** The postal part of an address as replies carry it (what was stored, unchecked). */
export const PostalAddressReply = Type.Object({
  fullName: Type.String(),
  line1: Type.String(),
  line2: Type.Optional(Type.String()),
  city: Type.String(),
  postalCode: Type.String(),
  country: Type.String(),
  phone: Type.Optional(Type.String()),
});

/** Most saved addresses one client may keep. */
export const MAX_ADDRESSES_PER_CLIENT = 10;

/**
 * A saved address. Absent optional parts are left out (not null), so the postal fields can be
 * copied as they are into an order's `shippingAddress`.
 */
export const Address = Type.Object({
  id: Uuid,
  label: Type.Optional(Type.String()),
  ...PostalAddressReply.properties,
  isDefault: Type.Boolean(),
});
export type Address = Static<typeof Address>;

export const CreateAddressBody = StrictObject({
  label: Type.Optional(AddressLabel),
  ...postalAddress,
  /** The first address is always the default; `true` makes this one the default instead of the current one. */
  isDefault: Type.Optional(Type.Boolean()),
});
export type CreateAddressBody = Static<typeof CreateAddressBody>;

/** `null` clears an optional part. `isDefault: false` is refused: choose another default instead. */
export const UpdateAddressBody = Type.Object(
  {
    label: Type.Optional(Type.Union([AddressLabel, Type.Null()])),
    fullName: Type.Optional(postalAddress.fullName),
    line1: Type.Optional(postalAddress.line1),
    line2: Type.Optional(Type.Union([AddressText(ADDRESS_LIMITS.line2), Type.Null()])),
    city: Type.Optional(postalAddress.city),
    postalCode: Type.Optional(PostalCode),
    country: Type.Optional(CountryCode),
    phone: Type.Optional(Type.Union([Phone, Type.Null()])),
    isDefault: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateAddressBody = Static<typeof UpdateAddressBody>;

export const AddressIdParams = StrictObject({ addressId: Uuid });

/** A client as the admin list shows it: the profile without its addresses. */
export const ClientSummary = Type.Object({
  id: Uuid,
  /** The auth account this profile belongs to (orders, payments and notifications carry it). */
  userId: Uuid,
  /** Owned by the auth service: read-only here. */
  email: Type.String(),
  firstName: Type.String(),
  lastName: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  /** Mirrors the auth account (auth.user.disabled / auth.user.enabled). */
  disabled: Type.Boolean(),
  /** Deleted by an administrator: kept so that order history stays meaningful. */
  deleted: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type ClientSummary = Static<typeof ClientSummary>;

export const ClientProfile = Type.Object({
  ...ClientSummary.properties,
  /** Default first, then in the order they were added. */
  addresses: Type.Array(Address),
});
export type ClientProfile = Static<typeof ClientProfile>;

/** What a client may change of their own profile (and an admin of anyone's). Email, roles and flags are not here. */
export const UpdateClientBody = Type.Object(
  {
    firstName: Type.Optional(PersonName),
    lastName: Type.Optional(PersonName),
    phone: Type.Optional(Type.Union([Phone, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateClientBody = Static<typeof UpdateClientBody>;

export const ClientListQuery = StrictObject({
  q: Type.Optional(
    Type.String({
      maxLength: 100,
      description: 'Words matched in first name, last name or email, ignoring case and accents',
    }),
  ),
  includeDeleted: Type.Boolean({ default: false }),
  ...PageQuery,
});
export type ClientListQuery = Static<typeof ClientListQuery>;

export const ClientPage = Page(ClientSummary);
export type ClientPage = Static<typeof ClientPage>;

/** `total` = `active` + `disabled` + `deleted`; `newLast30Days` counts profiles of any state. */
export const ClientStats = Type.Object({
  total: Type.Integer(),
  active: Type.Integer(),
  disabled: Type.Integer(),
  deleted: Type.Integer(),
  newLast30Days: Type.Integer(),
});
export type ClientStats = Static<typeof ClientStats>;

export const clientEvents = {
  /** An administrator deleted a client: the auth service disables the account; orders are kept. */
  'client.deleted': Type.Object({ clientId: Uuid, userId: Uuid }),
};

export type ClientEventMap = { [K in keyof typeof clientEvents]: Static<(typeof clientEvents)[K]> };
