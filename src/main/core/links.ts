import type { GeneratedLink } from '../../shared/model';
import { AppError } from '../../shared/result';

/** The tag a prefilled message carries, read back when the voter's first message arrives. */
export function linkTag(input: {
  campaign?: string | undefined;
  referralCode?: string | undefined;
}): string | null {
  const parts: string[] = [];
  if (input.referralCode) parts.push(`ref:${input.referralCode.toUpperCase()}`);
  if (input.campaign) parts.push(`camp:${input.campaign}`);
  return parts.length > 0 ? `[${parts.join(' ')}]` : null;
}

/** A wa.me click-to-chat link to the business number with URL-encoded prefilled text. */
export function generateLink(
  displayPhoneNumber: string | undefined,
  input: {
    text?: string | undefined;
    campaign?: string | undefined;
    referralCode?: string | undefined;
  },
): GeneratedLink {
  if (!displayPhoneNumber) {
    throw new AppError(
      'unavailable',
      'Set the WhatsApp business number (WHATSAPP_DISPLAY_PHONE_NUMBER, digits with country code) to make wa.me links.',
    );
  }
  const tag = linkTag(input);
  const text = [input.text?.trim() || 'Vanakkam!', tag].filter(Boolean).join(' ');
  return { url: `https://wa.me/${displayPhoneNumber}?text=${encodeURIComponent(text)}`, text, tag };
}
