// Starts a whole Bluesky network from @atproto/dev-env on 127.0.0.1: PLC directory, PDS,
// AppView (bsky) and Ozone moderation. Run by up.sh from the install directory, with
// bind-loopback.cjs preloaded. Each start is a fresh network: nothing survives a restart.
//
// Environment:
//   DB_POSTGRES_URL     PostgreSQL for the AppView and Ozone (each gets its own schema)
//   DB_POSTGRES_SCHEMA  schema suffix; letters and underscores only (default: a fresh one)
//   PLC_PORT, PDS_PORT, BSKY_PORT, OZONE_PORT   (defaults 2582, 2583, 2584, 2587)
//   READY_FILE          where to write the READY json once everything answers
import { createRequire } from 'node:module';
import fs from 'node:fs';

const require = createRequire(process.cwd() + '/');
const devEnv = await import(require.resolve('@atproto/dev-env'));
const { TestNetwork } = devEnv.TestNetwork ? devEnv : devEnv.default;
// dev-env's fixed secrets (its const.js): the tests sign an expired session token with the JWT
// secret to prove that the connector renews a session the PDS says has expired.
const { ADMIN_PASSWORD, JWT_SECRET } = devEnv.ADMIN_PASSWORD ? devEnv : devEnv.default;

const started = Date.now();
const port = (name, fallback) => Number(process.env[name] || fallback);
const ports = { plc: port('PLC_PORT', 2582), pds: port('PDS_PORT', 2583), bsky: port('BSKY_PORT', 2584), ozone: port('OZONE_PORT', 2587) };
// PostgreSQL schema names here may hold only letters and underscores: spell the digits out.
const schema = process.env.DB_POSTGRES_SCHEMA ||
  'run_' + Date.now().toString(36).replace(/\d/g, d => 'abcdefghij'[d]);

const network = await TestNetwork.create({
  dbPostgresSchema: schema,
  plc: { port: ports.plc },
  pds: { port: ports.pds, hostname: 'localhost', enableDidDocWithSession: true },
  bsky: { port: ports.bsky, publicUrl: `http://localhost:${ports.bsky}` },
  ozone: { port: ports.ozone },
});

const loopback = url => url && url.replace('//localhost:', '//127.0.0.1:');
const ready = {
  startupMs: Date.now() - started,
  pid: process.pid,
  plc: loopback(network.plc.url),
  pds: loopback(network.pds.url),
  appview: loopback(network.bsky.url),
  ozone: loopback(network.ozone.url),
  appviewDid: network.bsky.ctx.cfg.serverDid,
  ozoneDid: network.ozone.ctx.cfg.service.did,
  adminPassword: ADMIN_PASSWORD,
  jwtSecret: JWT_SECRET,
  handleDomains: network.pds.ctx.cfg.identity.serviceHandleDomains,
};
console.log('READY ' + JSON.stringify(ready));
if (process.env.READY_FILE) {
  // Written whole, then renamed: whoever waits for the file never reads half of it.
  fs.writeFileSync(process.env.READY_FILE + '.part', JSON.stringify(ready));
  fs.renameSync(process.env.READY_FILE + '.part', process.env.READY_FILE);
}

const stop = async () => {
  await network.close().catch(e => console.error(e));
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
