/** A button on a reply or post; `action` is routed back through ClubCore.runAction (its text is one of button-actions.ts). */
export interface ReplyButton {
  action: string;
  label: string;
  style?: 'primary' | 'secondary' | 'danger';
}
