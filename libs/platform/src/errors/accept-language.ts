/** The languages error messages are written in; English is the default. */
export type MessageLocale = 'en' | 'ja';

const SUPPORTED: readonly MessageLocale[] = ['en', 'ja'];

interface LanguageRange {
  range: string;
  q: number;
  order: number;
}

function rangesOf(header: string): LanguageRange[] {
  const ranges: LanguageRange[] = [];
  header.split(',').forEach((part, order) => {
    const [rawRange, ...params] = part.split(';');
    const range = rawRange.trim().toLowerCase();
    if (!range) return;
    let q = 1;
    for (const param of params) {
      const [name, value] = param.split('=').map((piece) => piece.trim().toLowerCase());
      if (name !== 'q') continue;
      // RFC 9110 §12.4.2: a qvalue is 0–1 with at most three decimals; anything else makes the range unusable.
      q = value !== undefined && /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(value) ? Number(value) : 0;
    }
    ranges.push({ range, q, order });
  });
  return ranges;
}

/** Whether a language range (`ja`, `ja-JP`, `*`) matches one of our locales (RFC 4647 basic filtering). */
function matches(range: string, locale: MessageLocale): boolean {
  return range === locale || range.startsWith(`${locale}-`);
}

/**
 * The message locale a request's `Accept-Language` prefers: the supported language with the highest q-value
 * (the earlier one on a tie; `*` stands for the default, English). `ja`, `ja-JP` and `en;q=0.5, ja;q=0.9`
 * give Japanese; no header, an unreadable one, or only unsupported languages give English.
 */
export function preferredLocale(header: string | readonly string[] | undefined): MessageLocale {
  const value = Array.isArray(header) ? header.join(',') : (header as string | undefined);
  if (!value) return 'en';
  let best: { locale: MessageLocale; q: number; order: number } | undefined;
  for (const { range, q, order } of rangesOf(value)) {
    if (q <= 0) continue;
    const locale = range === '*' ? 'en' : SUPPORTED.find((candidate) => matches(range, candidate));
    if (!locale) continue;
    if (!best || q > best.q || (q === best.q && order < best.order)) best = { locale, q, order };
  }
  return best?.locale ?? 'en';
}
