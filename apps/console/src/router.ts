// A small history router: paths like `/finance/requests/:id`, a trailing `/*` for a subtree
// (the field app mounts `/field/*`). Route definitions live in routes.tsx.
import type { AnchorHTMLAttributes, ComponentChildren, JSX } from 'preact';
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';

const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

window.addEventListener('popstate', notify);

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  notify();
}

export interface Location {
  path: string;
  query: URLSearchParams;
}

function read(): Location {
  return { path: location.pathname, query: new URLSearchParams(location.search) };
}

export function useLocation(): Location {
  const [where, setWhere] = useState(read);
  useEffect(() => {
    const listener = (): void => setWhere(read());
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
  return where;
}

/** `/a/:id` against `/a/42` → `{ id: '42' }`; `/field/*` matches `/field` and below. */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const wildcard = pattern.endsWith('/*');
  const want = (wildcard ? pattern.slice(0, -2) : pattern).split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  if (wildcard ? got.length < want.length : got.length !== want.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of want.entries()) {
    const value = got[i] ?? '';
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(value);
    else if (part !== value) return undefined;
  }
  if (wildcard) params['*'] = got.slice(want.length).join('/');
  return params;
}

export function Link(
  props: { href: string; children: ComponentChildren } & Omit<
    AnchorHTMLAttributes<HTMLAnchorElement>,
    'href'
  >,
): JSX.Element {
  const { href, children, ...rest } = props;
  return h(
    'a',
    {
      ...rest,
      href,
      onClick: (event: MouseEvent) => {
        if (
          event.defaultPrevented ||
          event.button !== 0 ||
          event.metaKey ||
          event.ctrlKey ||
          event.shiftKey
        )
          return;
        event.preventDefault();
        navigate(href);
      },
    },
    children,
  );
}
