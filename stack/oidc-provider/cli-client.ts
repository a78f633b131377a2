// The one client the local provider knows: the Taskforce CLI, a native app (RFC 8252) that signs
// in with the authorization code flow and PKCE, and asks for tokens for the API.
export const CLI_CLIENT_ID = 'taskforce-cli';
/** A loopback redirect; `taskforce login` reads the code from the redirect itself (cli/oidc-sign-in.ts). */
export const CLI_REDIRECT_URI = 'http://127.0.0.1/taskforce-login';
/** The scope of the API's access tokens. */
export const API_SCOPE = 'taskforce';
