import { charCount, cutToChars } from '../../characters.ts';

/** Discord's hard limits; a payload over any of them is rejected with 400, so we trim before sending. */
export const LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedTotal: 6000,
  buttonsPerRow: 5,
  rows: 5,
  customId: 100,
  buttonLabel: 80,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  commandName: 32,
  commandDescription: 100,
  options: 25,
  modalText: 4000,
  threadName: 100,
} as const;

/** Cuts text to `max` characters as Discord counts them (code points), marking the cut with an ellipsis; never inside a character. */
export function clip(text: string, max: number): string {
  if (charCount(text) <= max) return text;
  return cutToChars(text, Math.max(0, max - 1)) + '…';
}
