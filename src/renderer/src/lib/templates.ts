const PLACEHOLDER = /\{\{\s*(\d+)\s*\}\}/g;

/**
 * How many parameters a template body takes: WhatsApp numbers its placeholders {{1}}, {{2}}…
 * so the count is the highest number used.
 */
export function placeholderCount(body: string): number {
  let max = 0;
  for (const m of body.matchAll(PLACEHOLDER)) max = Math.max(max, Number(m[1]));
  return Math.min(max, 20);
}

/** The body as the voter will read it: {{n}} replaced by the n-th value (left as is if empty). */
export function fillTemplate(body: string, params: readonly string[]): string {
  return body.replace(PLACEHOLDER, (whole, n: string) => {
    const value = params[Number(n) - 1]?.trim();
    return value ? value : whole;
  });
}
