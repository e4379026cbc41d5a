// Jest runs global setup outside its module mapper, so the preparation (which uses the
// project's path aliases) runs as a child process; workers inherit the environment set here.
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = async function globalSetup() {
  const root = join(__dirname, '..', '..');
  const out = execFileSync(
    process.execPath,
    ['-r', join(root, 'tools', 'register.js'), join(__dirname, 'src', 'prepare-test-env.ts')],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  Object.assign(process.env, JSON.parse(out));
};
