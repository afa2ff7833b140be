export type { CountryCode } from 'libphonenumber-js/max';
export { isPseudonym, pseudonymFor } from './pseudonym.util';
export { countryForTimeZone, findPhoneNumbers, phoneDigits, type PhoneSpan } from './phone-numbers.util';
export {
  ADDRESS_REMOVED,
  containsIdentity,
  EMAIL_REMOVED,
  PHONE_REMOVED,
  scrubIdentity,
  scrubSubject,
  type ScrubResult,
  type SensitiveIdentity,
} from './scrub-identity';
