// The API's version is the package's, so the OpenAPI document and /docs name the code they describe.
import packageJson from '../package.json' with { type: 'json' };

export const API_VERSION: string = packageJson.version;
