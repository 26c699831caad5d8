import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

/** The console speaks Japanese first; English is one click away and remembered per browser. */
export type Language = 'ja' | 'en';

const STORAGE_KEY = 'tsunagu.console.language';

export function storedLanguage(): Language {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'ja';
}

export function setLanguage(language: Language): void {
  localStorage.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
  void i18next.changeLanguage(language);
}

/** Messages of one screen (a namespace), in both languages; the Japanese set is the reference. */
export function addMessages<T extends Record<string, string>>(
  namespace: string,
  ja: T,
  en: Record<keyof T, string>,
): void {
  initI18n();
  i18next.addResourceBundle('ja', namespace, ja, true, true);
  i18next.addResourceBundle('en', namespace, en, true, true);
}

/**
 * Initialised when this module is first imported, before any screen's `addMessages` runs (screens import it).
 */
let initialised = false;
export function initI18n(): void {
  if (initialised) return;
  initialised = true;
  const language = storedLanguage();
  document.documentElement.lang = language;
  void i18next.use(initReactI18next).init({
    lng: language,
    fallbackLng: 'ja',
    defaultNS: 'common',
    resources: {},
    interpolation: { escapeValue: false },
    // Message keys are flat (`signIn.title`), namespaced by screen (`referrals:inbox.title`).
    keySeparator: false,
    initAsync: false,
  });
}
