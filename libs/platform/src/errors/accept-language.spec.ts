import { preferredLocale } from './accept-language.js';

describe('preferredLocale', () => {
  it.each([
    ['ja', 'ja'],
    ['ja-JP', 'ja'],
    ['JA-jp', 'ja'],
    ['ja-JP,ja;q=0.9,en-US;q=0.8,en;q=0.7', 'ja'],
    ['en;q=0.5, ja;q=0.9', 'ja'],
    ['fr-FR, ja;q=0.3', 'ja'],
    ['en-US,en;q=0.9,ja;q=0.8', 'en'],
    ['en, ja', 'en'],
    ['ja;q=0.8, en;q=0.8', 'ja'],
    ['*', 'en'],
    ['*;q=0.5, ja;q=0.4', 'en'],
    ['ja;q=0, en;q=0.1', 'en'],
    ['ja;q=0', 'en'],
    ['ja;q=2', 'en'],
    ['ja;q=abc', 'en'],
    ['jav', 'en'],
    ['fr', 'en'],
    ['', 'en'],
    [' , ;q=1', 'en'],
  ])('reads %j as %s', (header, locale) => {
    expect(preferredLocale(header)).toBe(locale);
  });

  it('is English without the header', () => {
    expect(preferredLocale(undefined)).toBe('en');
  });

  it('reads a header sent more than once as one list', () => {
    expect(preferredLocale(['en;q=0.2', 'ja'])).toBe('ja');
  });
});
