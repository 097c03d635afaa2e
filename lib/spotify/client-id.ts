/** A Spotify Client ID has 32 hexadecimal characters (the settings schema holds the saved one to that too). */
const CLIENT_ID_LENGTH = 32;

/** What a typed Client ID looks like, so the field can say what is wrong before Spotify is asked. */
export type ClientIdCheck =
  | { kind: 'empty' }
  | { kind: 'ok' }
  /** Something other than 0–9 and a–f (a space inside, the app's name, the Client Secret's label…). */
  | { kind: 'characters' }
  /** Hexadecimal, but not 32 characters: cut short, or pasted twice. */
  | { kind: 'length'; length: number };

/** Checks the shape of `text` (trimmed, as it is saved). */
export function checkClientId(text: string): ClientIdCheck {
  const value = text.trim();
  if (value === '') return { kind: 'empty' };
  if (!/^[0-9a-f]+$/i.test(value)) return { kind: 'characters' };
  if (value.length !== CLIENT_ID_LENGTH) return { kind: 'length', length: value.length };
  return { kind: 'ok' };
}
