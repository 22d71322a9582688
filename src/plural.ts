/** '1 paper', '3 papers', '2 entries': a count with its noun, in the one form the bot writes everywhere. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
