import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

import { SDK, VERSION } from '../src/version.js';
import { setup } from './fakes.mjs';

describe('attach() refuses what the contract refuses, at once', () => {
  const cases = [
    [{ userId: 'user 1' }, /userId must be 1 to 64 characters of A-Z a-z 0-9 \. _ : - \(got "user 1"\)/],
    [{ userId: 'u'.repeat(65) }, /userId must be 1 to 64 characters/],
    [{ userId: '' }, /userId must be 1 to 64 characters/],
    [{ userId: undefined }, /userId is required/],
    [{ videoId: 'vidéo' }, /videoId must be 1 to 64 characters/],
    [{ videoId: 42 }, /videoId must be 1 to 64 characters/],
    [{ deviceId: '' }, /deviceId must be a string of 1 to 64 characters/],
    [{ country: 'de' }, /country must be an ISO 3166-1 alpha-2 code/],
    [{ deviceType: 'PHONE' }, /deviceType must be one of WEB, IOS, ANDROID, TV, OTHER/],
    [{ endpoint: undefined }, /endpoint is required/],
    [{ maxQueuedEvents: 0 }, /maxQueuedEvents must be an integer >= 1/],
  ];
  for (const [options, message] of cases) {
    it(`refuses ${JSON.stringify(options)}`, () => {
      assert.throws(() => setup({ options }), (error) => error instanceof TypeError && message.test(error.message));
    });
  }

  it('refuses something that is not a media element', () => {
    assert.throws(() => setup({ media: {} }), /attach needs a media element/);
  });

  it('sends nothing for a refused attach', () => {
    let sent = 0;
    assert.throws(() => setup({ options: { userId: 'a/b' }, ingest: { fetch: () => sent++, clock: null } }));
    assert.equal(sent, 0);
  });
});

describe('the package', () => {
  it('sends its own name and version as sdk, the version of package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url)));
    assert.equal(VERSION, pkg.version);
    assert.equal(SDK, `playback-web/${pkg.version}`);
    assert.ok(SDK.length <= 64);
  });
});
