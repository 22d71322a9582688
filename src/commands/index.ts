import { clubCommands } from './club.ts';
import { paperCommands } from './paper.ts';
import { readingCommands } from './reading.ts';
import { signUpCommands } from './sign-up.ts';
import type { Command } from './types.ts';

/** Every command of the bot; adapters register these, the core dispatches them by path. */
export const allCommands: readonly Command[] = [...paperCommands, ...signUpCommands, ...readingCommands, ...clubCommands];
