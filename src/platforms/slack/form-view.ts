/** Rotation & wrap-up (issue 12): a core form as a Slack modal (views.open), and its submitted values back. */
import type { FormSpec } from '../../render/reply.ts';
import { truncate } from './mrkdwn.ts';

/** callback_id of every form modal; view_submission listeners match on it. */
export const FORM_CALLBACK_ID = 'paperclub-form';

/** What the modal carries to its submit (private_metadata, at most 3,000 characters). */
export interface FormState {
  command: string;
  args: Record<string, string | number>;
  /** The club channel the button was pressed in. */
  channel: string;
}

/** The modal view for views.open: one plain-text input per field, block_id = action_id = the field name. */
export function renderFormView(form: FormSpec, channel: string) {
  const state: FormState = { command: form.command, args: form.args, channel };
  return {
    type: 'modal' as const,
    callback_id: FORM_CALLBACK_ID,
    private_metadata: JSON.stringify(state),
    title: { type: 'plain_text' as const, text: truncate(form.title, 24) },
    submit: { type: 'plain_text' as const, text: 'Add' },
    close: { type: 'plain_text' as const, text: 'Cancel' },
    blocks: form.fields.map((f) => ({
      type: 'input' as const,
      block_id: f.name,
      optional: !f.required,
      label: { type: 'plain_text' as const, text: truncate(f.label, 2000) },
      element: {
        type: 'plain_text_input' as const,
        action_id: f.name,
        ...(f.maxLength ? { max_length: Math.min(f.maxLength, 3000) } : {}),
        ...(f.placeholder ? { placeholder: { type: 'plain_text' as const, text: truncate(f.placeholder, 150) } } : {}),
      },
    })),
  };
}

/** The form's state and the values typed, from a view_submission's view; null when it is not one of ours. */
export function submittedForm(view: { private_metadata?: string; state?: { values?: Record<string, Record<string, { value?: string | null }>> } }): { state: FormState; values: Record<string, string> } | null {
  let state: FormState;
  try {
    state = JSON.parse(view.private_metadata ?? '') as FormState;
  } catch {
    return null;
  }
  if (typeof state?.command !== 'string' || typeof state.channel !== 'string') return null;
  const values: Record<string, string> = {};
  for (const [block, actions] of Object.entries(view.state?.values ?? {})) {
    const v = actions[block]?.value;
    if (typeof v === 'string') values[block] = v;
  }
  return { state, values };
}
