export type ConnectionState = 'connecting' | 'live' | 'reconnecting';

/**
 * Follows `/api/events`: calls `onChange` on every change event (and on each (re)connection, since changes
 * may have been missed meanwhile). EventSource reconnects by itself after the server's `retry:` delay.
 */
export function followChanges(onChange: () => void, onState: (state: ConnectionState) => void): EventSource {
  const source = new EventSource('../api/events');
  source.addEventListener('ready', () => {
    onState('live');
    onChange();
  });
  source.addEventListener('change', () => onChange());
  source.addEventListener('error', () => onState('reconnecting'));
  return source;
}
