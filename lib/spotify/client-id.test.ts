import { describe, expect, it } from 'vitest';
import { checkClientId } from './client-id';

describe('checkClientId', () => {
  it('takes 32 hexadecimal characters, in either case, around spaces', () => {
    expect(checkClientId('0123456789abcdef0123456789ABCDEF')).toEqual({ kind: 'ok' });
    expect(checkClientId('  0123456789abcdef0123456789abcdef \n')).toEqual({ kind: 'ok' });
  });

  it('says what is wrong: nothing yet, the wrong characters, or the wrong length', () => {
    expect(checkClientId('  ')).toEqual({ kind: 'empty' });
    expect(checkClientId('0123456789abcdef 0123456789abcdef')).toEqual({ kind: 'characters' });
    expect(checkClientId('Client ID')).toEqual({ kind: 'characters' });
    expect(checkClientId('0123456789abcdef')).toEqual({ kind: 'length', length: 16 });
    expect(checkClientId('0123456789abcdef0123456789abcdef0')).toEqual({ kind: 'length', length: 33 });
  });
});
