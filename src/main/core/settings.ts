import type { Language, ModelPrice, PipelineSettings } from '../../shared/model';
import { LANGUAGES } from '../../shared/model';
import { audit } from './audit';
import { DEFAULT_CONSENT_NOTICE } from './pipeline/texts';
import type { Store } from './store/db';

// Settings kept in the store (not secrets): one JSON value per key.

/** Prices a field office starts from (USD per million tokens); the admin edits them. */
export const DEFAULT_MODEL_PRICES: Record<string, ModelPrice> = {
  'gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6, currency: 'USD' },
  'gpt-4o': { inputPerMillion: 2.5, outputPerMillion: 10, currency: 'USD' },
};

/** One stored setting, or undefined when it was never saved. */
export function readSetting<T>(s: Store, key: string): T | undefined {
  const row = s.first(s.db.selectFrom('settings').select('value').where('key', '=', key));
  return row ? (JSON.parse(row.value) as T) : undefined;
}

/** Saves one setting (part of the caller's transaction, if any). */
export function writeSetting(s: Store, key: string, value: unknown, now: number): void {
  const at = new Date(now).toISOString();
  const json = JSON.stringify(value);
  s.run(
    s.db
      .insertInto('settings')
      .values({ key, value: json, updated_at: at })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_at: at })),
  );
}

export function pipelineSettings(s: Store): PipelineSettings {
  const custom = readSetting<Partial<Record<Language, string>>>(s, 'consent_notice') ?? {};
  const consentNotice = Object.fromEntries(
    LANGUAGES.map((l) => [l, custom[l] ?? DEFAULT_CONSENT_NOTICE[l]]),
  ) as Record<Language, string>;
  return {
    consentNotice,
    modelPrices: readSetting<Record<string, ModelPrice>>(s, 'model_prices') ?? DEFAULT_MODEL_PRICES,
  };
}

export function savePipelineSettings(
  s: Store,
  input: {
    consentNotice: Partial<Record<Language, string>>;
    modelPrices: Record<string, ModelPrice>;
  },
  actor: string,
  now: number,
): PipelineSettings {
  s.transaction(() => {
    writeSetting(s, 'consent_notice', input.consentNotice, now);
    writeSetting(s, 'model_prices', input.modelPrices, now);
    audit(
      s,
      actor,
      'settings_changed',
      'pipeline',
      { languages: Object.keys(input.consentNotice), models: Object.keys(input.modelPrices) },
      now,
    );
  });
  return pipelineSettings(s);
}
