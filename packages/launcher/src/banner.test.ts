import { describe, expect, it } from 'vitest';
import { renderBanner, type BannerInfo } from './banner.js';

const base: BannerInfo = {
  gatewayPort: 8080,
  registryPort: 8761,
  admin: {
    email: 'admin@souk.local',
    password: 'Gen3rated-Pass',
    source: 'generated',
    file: '/srv/souk/data/admin-credentials.json',
  },
  startMs: 4_237,
  services: [
    { name: 'registry', port: 8761 },
    { name: 'gateway', port: 8080 },
  ],
  database: 'embedded PostgreSQL on 127.0.0.1:5433',
};
const render = (info: Partial<BannerInfo>) =>
  renderBanner({ ...base, ...info }, { color: false, cwd: '/srv/souk' });

describe('the ready banner', () => {
  it('when everything is up, then it shows the shop, admin, API docs and registry URLs and the start time', () => {
    const text = render({});
    expect(text).toContain('souk is ready in 4.2 s');
    expect(text).toContain('Shop          http://localhost:8080/\n');
    expect(text).toContain('Admin         http://localhost:8080/admin\n');
    expect(text).toContain('API docs      http://localhost:8080/api/docs\n');
    expect(text).toContain('Registry      http://localhost:8761/registry/services\n');
    expect(text).toContain('Services      registry :8761, gateway :8080');
  });

  it('when the launcher runs its mail catcher, then the banner links to it; with SMTP_URL it names the server', () => {
    expect(render({ mail: { catcherUrl: 'http://localhost:8025' } })).toContain(
      'Mail          http://localhost:8025/  (mail the shop sends, kept in memory)',
    );
    expect(render({ mail: { smtpUrl: 'smtp://user:***@mail.example.com:587' } })).toContain(
      'Mail          sent to smtp://user:***@mail.example.com:587',
    );
  });

  it('when the admin password was generated on this run, then it is shown, with where it is kept', () => {
    const text = render({});
    expect(text).toContain('admin@souk.local  password Gen3rated-Pass');
    expect(text).toContain('kept in data/admin-credentials.json');
  });

  it('when the admin password comes from an earlier run, then it is not shown, only where it is kept', () => {
    const text = render({ admin: { ...base.admin, source: 'stored' } });
    expect(text).not.toContain('Gen3rated-Pass');
    expect(text).toContain('admin@souk.local, password in data/admin-credentials.json');
  });

  it('when the admin password was given in ADMIN_PASSWORD, then it is not printed', () => {
    const text = render({ admin: { ...base.admin, source: 'env' } });
    expect(text).not.toContain('Gen3rated-Pass');
    expect(text).toContain('password as set in ADMIN_PASSWORD');
  });

  it('when the checkout has no gateway yet, then the banner says so instead of giving dead links', () => {
    const text = render({ gatewayPort: undefined });
    expect(text).not.toContain('http://localhost:8080');
    expect(text).toContain('no gateway yet');
  });
});
