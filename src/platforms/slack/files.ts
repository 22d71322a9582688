/** Long output as a file: files.uploadV2 into a DM with the person who asked (a channel upload would be public). */
import type { App } from '@slack/bolt';
import type { Logger } from '../../logger.ts';
import { reportSlackError } from './errors.ts';

/** Uploads `file` to the user's DM with the bot. Returns false (logged) when Slack refused; never throws. */
export async function sendFileToUser(
  client: App['client'],
  userId: string,
  file: { name: string; content: string },
  logger: Logger,
): Promise<boolean> {
  try {
    const dm = await client.conversations.open({ users: userId });
    const channel = dm.channel?.id;
    if (!channel) throw new Error('conversations.open returned no channel');
    // uploadV2 = files.getUploadURLExternal -> POST the bytes -> files.completeUploadExternal (scope files:write).
    await client.files.uploadV2({ channel_id: channel, filename: file.name, title: file.name, content: file.content });
    return true;
  } catch (err) {
    reportSlackError(logger, err, { method: 'files.uploadV2', user: userId, file: file.name });
    return false;
  }
}
