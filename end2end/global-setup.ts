import { execFileSync } from 'node:child_process';
import path from 'node:path';

// The first admin comes from `kurso create-admin`, as in production: there is no
// default account to log in with. The password is piped in, never an argument.
export default function globalSetup() {
  const email = process.env.KURSO_E2E_ADMIN_EMAIL!;
  try {
    execFileSync('./target/release/kurso', ['create-admin', '--email', email, '--name', 'E2E Admin'], {
      cwd: path.resolve(__dirname, '..'),
      input: `${process.env.KURSO_E2E_ADMIN_PASSWORD}\n`,
      env: { ...process.env, DATABASE_URL: process.env.KURSO_E2E_DATABASE_URL, RUST_LOG: 'error' },
      stdio: ['pipe', 'ignore', 'pipe'],
    });
  } catch (error: any) {
    // A database reused between runs by hand already has the admin.
    if (!String(error.stderr ?? '').includes('already exists')) throw error;
  }
  // The demo catalog, as `scripts/run` loads it (a no-op when already there).
  execFileSync('./target/release/kurso', ['seed-demo'], {
    cwd: path.resolve(__dirname, '..'),
    env: { ...process.env, DATABASE_URL: process.env.KURSO_E2E_DATABASE_URL, RUST_LOG: 'error' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}
