import { describe, expect, it } from 'vitest';
import { proxyFor, proxySettingsFromEnv } from './kit/http/network.ts';
import { reachLoopbackDirectly } from './loopback-proxy.ts';

describe('reaching local simulators with a proxy in the environment', () => {
  it('lists the loopback names in NO_PROXY, keeping the hosts it listed', () => {
    const env: Record<string, string | undefined> = { HTTPS_PROXY: 'http://proxy.corp:3128', no_proxy: 'corp.example' };
    expect(proxyFor('https://127.0.0.1:47007/', proxySettingsFromEnv(env))).toBeDefined();
    reachLoopbackDirectly(env);
    const settings = proxySettingsFromEnv(env);
    expect(proxyFor('https://127.0.0.1:47007/', settings)).toBeUndefined();
    expect(proxyFor('http://localhost:47001/', settings)).toBeUndefined();
    expect(proxyFor('https://erp.corp.example/', settings)).toBeUndefined();
    expect(proxyFor('https://acme.bamboohr.com/', settings)?.host).toBe('proxy.corp:3128');
    expect(env.NO_PROXY).toBe(env.no_proxy);
  });

  it('leaves a NO_PROXY of * as it is', () => {
    const env: Record<string, string | undefined> = { HTTPS_PROXY: 'http://proxy.corp:3128', NO_PROXY: '*' };
    reachLoopbackDirectly(env);
    expect(env).toEqual({ HTTPS_PROXY: 'http://proxy.corp:3128', NO_PROXY: '*' });
  });
});
