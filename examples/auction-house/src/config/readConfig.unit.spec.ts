import { describe, expect, it } from 'vitest';
import { DEFAULT_STORE, readConfig } from './readConfig';

describe('readConfig', () => {
  it('has the contract defaults, and a random secret when GAVEL_SECRET is unset', () => {
    const first = readConfig({});
    expect(first).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      store: DEFAULT_STORE,
      demo: true,
      secretIsRandom: true,
    });
    expect(DEFAULT_STORE).toBe('sqlite:./data/gavel.db');
    expect(readConfig({}).secret).not.toBe(first.secret);
  });

  it('reads the environment', () => {
    expect(
      readConfig({
        PORT: '8080',
        HOST: '0.0.0.0',
        GAVEL_STORE: 'postgres://h/db',
        GAVEL_SECRET: 's',
        GAVEL_DEMO: 'off',
      }),
    ).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      store: 'postgres://h/db',
      secret: 's',
      secretIsRandom: false,
      demo: false,
    });
    expect(readConfig({ PORT: '', GAVEL_DEMO: 'false' })).toMatchObject({ port: 3000, demo: false });
  });

  it('names the bad variable', () => {
    expect(() => readConfig({ PORT: 'eighty' })).toThrow(/^PORT/);
    expect(() => readConfig({ PORT: '70000' })).toThrow(/^PORT/);
    expect(() => readConfig({ GAVEL_DEMO: 'maybe' })).toThrow(/^GAVEL_DEMO: must be on or off/);
  });
});
