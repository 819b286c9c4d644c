// What the tests need from the system, installed from Debian's packages where we are root,
// otherwise named in one line with the command that installs it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const NEEDS = {
  keychain: {
    why: 'the OS keychain tests (a D-Bus Secret Service)',
    packages: ['dbus', 'gnome-keyring', 'libsecret-tools'],
    present: () => existsSync('/usr/bin/dbus-run-session') && existsSync('/usr/bin/gnome-keyring-daemon'),
  },
  chromium: {
    why: 'the browser tests',
    packages: ['chromium'],
    present: () => existsSync('/usr/bin/chromium'),
  },
  // curl --negotiate through GSS-API's NTLM mechanism: NTLM wrapped in SPNEGO, as IIS takes it.
  ntlm: {
    why: 'the NTLM sign-in tests with real clients (curl --ntlm, curl --negotiate through gss-ntlmssp)',
    packages: ['curl', 'gss-ntlmssp'],
    present: () => existsSync('/usr/bin/curl') && existsSync('/etc/gss/mech.d/mech.ntlmssp.conf'),
  },
};

let aptUpdated = false;

export function ensureSystemPackages(name) {
  const need = NEEDS[name];
  if (need.present()) return { ready: true };
  const install = `apt-get install -y ${need.packages.join(' ')}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    console.error(`Missing for ${need.why}: run \`sudo ${install}\` (Debian/Ubuntu).`);
    return { ready: false };
  }
  console.log(`Installing ${need.packages.join(', ')} for ${need.why}...`);
  const quiet = { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } };
  if (!aptUpdated) {
    spawnSync('apt-get', ['update'], quiet);
    aptUpdated = true;
  }
  spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...need.packages], quiet);
  const ready = need.present();
  if (!ready) console.error(`Could not install ${need.packages.join(', ')}: run \`${install}\`.`);
  return { ready };
}
