// The web console (console/, served by the API at /console) as a client of the local provider: a
// public browser app that signs in with the authorization code flow and PKCE, and calls the API
// with the access token it gets. Registered as a loopback client (RFC 8252 §7.3): the provider lets
// any port of 127.0.0.1 stand in for the one below, so an API on any port (a test's, a profile's)
// serves a console that can sign in. A deployment registers its console's real URL with its own
// provider instead; this provider never runs outside a local stack.
export const CONSOLE_CLIENT_ID = 'taskforce-console';
/** Where the provider sends the browser back with the code: the console's own page. */
export const CONSOLE_REDIRECT_URI = 'http://127.0.0.1/console/';

/** True when a browser page on `origin` is the console of some local API (any port), which may call the token endpoint. */
export function isConsoleOrigin(origin: string, redirectAllowed: (uri: string) => boolean): boolean {
  return URL.canParse(origin) && redirectAllowed(new URL('/console/', origin).href);
}
