import { describe, expect, it } from 'vitest';
import { decodeAction, encodeAction, type ButtonAction } from '../src/button-actions.ts';

const every: ButtonAction[] = [
  { kind: 'signup', clubId: 3, paperId: 41, meetingAt: 1_797_000_000_000 },
  { kind: 'signup', clubId: 3, paperId: 41 },
  { kind: 'read', clubId: 3, paperId: 41 },
  { kind: 'attend', clubId: 3, meetingAt: 1_797_000_000_000 },
  { kind: 'links', clubId: 3, meetingAt: 1_797_000_000_000 },
  { kind: 'vote', clubId: 3, voteId: 7, idx: 0 },
  { kind: 'rotation', clubId: 3, askId: 12, answer: 'accept' },
  { kind: 'rotation', clubId: 3, askId: 12, answer: 'pass' },
];

describe('button actions', () => {
  it('GIVEN every kind of button THEN its text reads back as the same action, within Discord’s 100-character custom_id', () => {
    for (const a of every) {
      const text = encodeAction(a);
      expect(text.length).toBeLessThanOrEqual(100);
      expect(decodeAction(text)).toEqual(a);
    }
  });

  it('GIVEN the texts posts already carry THEN they read as before (a vote’s third part is the vote, not a paper)', () => {
    expect(decodeAction('signup:2:9:1797000000000')).toEqual({ kind: 'signup', clubId: 2, paperId: 9, meetingAt: 1797000000000 });
    expect(decodeAction('vote:2:5:3')).toEqual({ kind: 'vote', clubId: 2, voteId: 5, idx: 3 });
    expect(decodeAction('attend:2:1797000000000')).toEqual({ kind: 'attend', clubId: 2, meetingAt: 1797000000000 });
  });

  it('GIVEN a crafted or broken text THEN no action (never a NaN id or a guessed kind)', () => {
    for (const bad of ['', 'read', 'read:1', 'read:1:x', 'read:1:2:3', 'vote:1:2', 'vote:1:2:-1', 'rotation:1:2:maybe', 'signup:1:2:3:4', 'delete:1:2', 'read:1e3:2', `read:1:${'9'.repeat(120)}`]) {
      expect(decodeAction(bad), bad).toBeNull();
    }
  });
});
