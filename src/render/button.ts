/** A button on a reply or post; `action` is routed back through ClubCore.runAction. */
export interface ReplyButton {
  action: string;
  label: string;
  style?: 'primary' | 'secondary' | 'danger';
}
