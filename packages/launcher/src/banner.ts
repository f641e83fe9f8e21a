import path from 'node:path';
import { paint } from './log-format.js';
import type { AdminCredentials } from './run-files.js';

export interface BannerInfo {
  /** Undefined while the gateway is not part of this checkout. */
  gatewayPort?: number;
  registryPort: number;
  admin: AdminCredentials;
  startMs: number;
  services: { name: string; port: number }[];
  database: string;
  /** The mail catcher's page, or where mail goes when SMTP_URL is set (password hidden). */
  mail?: { catcherUrl: string } | { smtpUrl: string };
}

/** What the user needs once everything is ready: where to go, how to log in, how long it took. */
export function renderBanner(info: BannerInfo, options: { color: boolean; cwd?: string }): string {
  const cwd = options.cwd ?? process.cwd();
  const shown = (file: string) => {
    const relative = path.relative(cwd, file);
    return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
  };
  const bold = (text: string) => paint('1', text, options.color);
  const link = (text: string) => paint('36', text, options.color);
  const row = (label: string, value: string) => `  ${label.padEnd(14)}${value}`;
  const seconds = (info.startMs / 1000).toFixed(1);

  const rows: string[] = [];
  if (info.gatewayPort !== undefined) {
    const gateway = `http://localhost:${info.gatewayPort}`;
    rows.push(
      row('Shop', link(`${gateway}/`)),
      row('Admin', link(`${gateway}/admin`)),
      row('API docs', link(`${gateway}/api/docs`)),
    );
  } else {
    rows.push(
      row(
        'Shop',
        'no gateway yet (services/gateway has no code): the services answer on their own ports',
      ),
    );
  }
  rows.push(row('Registry', link(`http://localhost:${info.registryPort}/registry/services`)));
  const { admin } = info;
  if (admin.source === 'generated') {
    rows.push(row('Admin login', `${bold(admin.email)}  password ${bold(admin.password)}`));
    rows.push(row('', `(generated now and shown only this once; kept in ${shown(admin.file)})`));
  } else if (admin.source === 'stored') {
    rows.push(row('Admin login', `${bold(admin.email)}, password in ${shown(admin.file)}`));
  } else {
    rows.push(row('Admin login', `${bold(admin.email)}, password as set in ADMIN_PASSWORD`));
  }
  rows.push(
    row('Services', info.services.map((service) => `${service.name} :${service.port}`).join(', ')),
  );
  rows.push(row('Database', info.database));
  if (info.mail && 'catcherUrl' in info.mail)
    rows.push(
      row('Mail', `${link(`${info.mail.catcherUrl}/`)}  (mail the shop sends, kept in memory)`),
    );
  else if (info.mail) rows.push(row('Mail', `sent to ${info.mail.smtpUrl}`));
  return [
    '',
    `  ${bold(paint('32', `souk is ready in ${seconds} s`, options.color))}`,
    '',
    ...rows,
    '',
    '  Ctrl-C stops everything.',
    '',
  ].join('\n');
}
