import { describe, expect, it } from 'vitest';
import { boundaryBefore, charCount, cutToChars } from '../src/characters.ts';
import { truncate } from '../src/render/format.ts';
import { clip } from '../src/platforms/discord/limits.ts';
import { chunkMrkdwn, truncate as slackTruncate } from '../src/platforms/slack/mrkdwn.ts';

/** A UTF-16 unit that is half of a character: what a cut in the wrong place leaves behind. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const FAMILY = '👨‍👩‍👧'; // 5 code points joined by ZWJ: one grapheme
const FLAG = '🇩🇪'; // 2 regional indicators: one grapheme

describe('GIVEN text as Discord and Slack count it (code points)', () => {
  it.each([
    ['plain', 'abc', 3],
    ['an emoji is one character, not two UTF-16 units', '😀', 1],
    ['3000 emoji', '😀'.repeat(3000), 3000],
    ['a flag is two regional indicators', FLAG, 2],
    ['a family is five code points', FAMILY, 5],
    ['accented letters written precomposed', 'é', 1],
    ['a lone surrogate still counts once', '\uD83D', 1],
  ])('WHEN %s THEN charCount says so', (_what, text, n) => {
    expect(charCount(text)).toBe(n);
  });
});

describe('GIVEN a cut at a character limit', () => {
  it.each([
    ['emoji', '😀'.repeat(10), 4, '😀'.repeat(4)],
    ['a flag is not split into two indicators', `ab${FLAG}`, 3, 'ab'],
    ['a family is kept whole or dropped whole', `x${FAMILY}y`, 4, 'x'],
    ['a family that fits is kept', `x${FAMILY}y`, 6, `x${FAMILY}`],
    ['short text is untouched', 'hello', 10, 'hello'],
  ])('WHEN %s THEN the cut ends between characters', (_what, text, max, want) => {
    expect(cutToChars(text, max)).toBe(want);
  });

  it('WHEN a UTF-16 index falls inside an emoji THEN the boundary before it is the emoji start', () => {
    expect(boundaryBefore('ab😀cd', 3)).toBe(2);
    expect(boundaryBefore(`a${FLAG}`, 2)).toBe(1);
    expect(boundaryBefore('abcdef', 4)).toBe(4);
  });

  it('WHEN notes of emoji are truncated for a reply THEN no half emoji is left, on any platform', () => {
    const text = '🎉'.repeat(700);
    for (const cut of [truncate(text, 600), clip(text, 600), slackTruncate(text, 600)]) {
      expect(cut).not.toMatch(LONE_SURROGATE);
      expect(charCount(cut)).toBe(600);
      expect(cut.endsWith('…')).toBe(true);
    }
    for (const chunk of chunkMrkdwn('🎉'.repeat(3001), 3000)) expect(chunk).not.toMatch(LONE_SURROGATE);
  });
});
