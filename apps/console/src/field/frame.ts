// The field app has its own frame (it works signed out, offline for days): main.tsx picks the
// frame once per page load, so moving between the console and the field app is a full load.
export function inFieldApp(pathname: string): boolean {
  return pathname === '/field' || pathname.startsWith('/field/');
}
