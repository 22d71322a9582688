/** Slack names emoji (`white_check_mark`), Discord and the console use the character; read marks must match both. */
const NAMES: Record<string, string> = {
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  ballot_box_with_check: '☑️',
  book: '📖',
  books: '📚',
  open_book: '📖',
  page_facing_up: '📄',
  eyes: '👀',
  brain: '🧠',
  bookmark: '🔖',
  tada: '🎉',
  '+1': '👍',
  thumbsup: '👍',
  fire: '🔥',
  rocket: '🚀',
  star: '⭐',
  mortar_board: '🎓',
};

const strip = (s: string) => s.replace(/\uFE0F/g, '');

/** The emoji as a character when we know its Slack name; otherwise the input without colons. */
export function emojiChar(emoji: string): string {
  const bare = emoji.trim().replace(/^:|:$/g, '').replace(/::skin-tone-\d$/, '');
  return NAMES[bare] ?? bare;
}

/** The Slack short name of an emoji character, when we know it. */
export function emojiName(emoji: string): string | null {
  const ch = strip(emojiChar(emoji));
  for (const [name, c] of Object.entries(NAMES)) if (strip(c) === ch) return name;
  return /^[a-z0-9_+-]+$/.test(emoji.replace(/:/g, '')) ? emoji.replace(/:/g, '') : null;
}

/** A Discord custom emoji's id (`<:name:id>` or animated `<a:name:id>`), else null. */
const customId = (s: string): string | null => /^<a?:[^:>]+:(\d+)>$/.exec(s.trim())?.[1] ?? null;

/** Whether two spellings name the same emoji ('✅', ':white_check_mark:', 'white_check_mark'; custom emoji by id). */
export function sameEmoji(a: string, b: string): boolean {
  const ida = customId(a);
  if (ida !== null) return ida === customId(b);
  return strip(emojiChar(a)) === strip(emojiChar(b));
}
