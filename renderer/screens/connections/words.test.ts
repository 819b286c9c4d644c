import { describe, expect, it } from 'vitest';
import { inSentence } from './words.ts';

describe('labels inside a sentence', () => {
  it('lowers a plain first word and keeps acronyms and names', () => {
    expect(inSentence('Client secret')).toBe('client secret');
    expect(inSentence('API key')).toBe('API key');
    expect(inSentence('Windows password')).toBe('Windows password');
    expect(inSentence('OAuth refresh token')).toBe('OAuth refresh token');
    expect(inSentence('Personal access token')).toBe('personal access token');
  });
});
