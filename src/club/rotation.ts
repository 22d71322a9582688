/**
 * The presenter rotation (issue 12): members volunteer with /rotation join; when a meeting inside the reminder lead
 * has no presenter, the volunteer who presented least recently is asked privately (Accept / Pass). A pass or no
 * answer in time moves on to the next; the presenter of the previous held meeting is never asked (never twice in a
 * row), and nobody is asked twice for one meeting. Sign-ups work beside it: a meeting that gets a presenter any
 * other way withdraws the open ask.
 */

/** How long an asked volunteer has to answer unless the admin says otherwise. */
export const DEFAULT_ANSWER_HOURS = 12;
