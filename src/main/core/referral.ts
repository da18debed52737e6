import { randomInt } from 'node:crypto';

// Easy to read aloud and type: no 0/O, 1/I/L confusion. 8 characters of 30 = 6.5e11 codes.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ2345679';

/** A new random referral code; never derived from the phone number. */
export function newReferralCode(length = 8): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

export const REFERRAL_CODE_PATTERN = new RegExp(`^[${ALPHABET}]{8}$`);
