// A form for a command, generated from its body's JSON Schema (the API's OpenAPI document, itself
// generated from the command's zod schema), and the same schema's checks run in the browser before
// the API runs them again. Objects become fieldsets, enums become selects, integers and numbers
// number inputs, booleans checkboxes, anything else a text input. Each field has its error line
// beside it, which the browser's check and the API's 400 both fill.
import { h } from './dom.ts';
import { t } from './i18n.ts';

export interface JsonSchema {
  title?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  items?: JsonSchema;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
  description?: string;
}

/** Fields a person does not fill: ids a client sets to retry safely. */
const SKIPPED = new Set(['correlationId', 'commandId']);

/** The schema without its null alternative (an optional-nullable field). */
function concrete(schema: JsonSchema): JsonSchema {
  const options = schema.anyOf ?? schema.oneOf;
  if (!options) return schema;
  return options.find((option) => option.type !== 'null') ?? schema;
}

const typeOf = (schema: JsonSchema) => (Array.isArray(schema.type) ? schema.type.find((x) => x !== 'null') : schema.type);

export interface SchemaForm {
  element: HTMLElement;
  /** The body, or undefined after marking each invalid field. */
  read(): Record<string, unknown> | undefined;
  /** Shows a message beside the field at a body path ("route.origin"); false when no field has that path. */
  showError(path: string, message: string): boolean;
  clearErrors(): void;
}

interface Field {
  path: string;
  schema: JsonSchema;
  required: boolean;
  input: HTMLInputElement | HTMLSelectElement;
  error: HTMLElement;
}

const humanize = (name: string) => name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());

export function schemaForm(schema: JsonSchema, idPrefix: string): SchemaForm {
  const fields: Field[] = [];

  function build(object: JsonSchema, prefix: string): HTMLElement[] {
    return Object.entries(object.properties ?? {})
      .filter(([name]) => !SKIPPED.has(name))
      .map(([name, raw]) => {
        const path = prefix ? `${prefix}.${name}` : name;
        const property = concrete(raw);
        const required = (object.required ?? []).includes(name);
        if (typeOf(property) === 'object' && property.properties) {
          return h('fieldset', {}, h('legend', {}, humanize(name)), build(property, path));
        }
        const id = `${idPrefix}-${path.replace(/\./g, '-')}`;
        const error = h('span', { class: 'field-error', id: `${id}-error`, role: 'alert' });
        let input: HTMLInputElement | HTMLSelectElement;
        if (property.enum) {
          input = h(
            'select',
            { id, name: path, 'aria-describedby': `${id}-error` },
            h('option', { value: '' }, required ? '—' : `(${t('optional')})`),
            property.enum.map((value) => h('option', { value: String(value) }, String(value))),
          );
        } else if (typeOf(property) === 'boolean') {
          input = h('input', { id, name: path, type: 'checkbox', 'aria-describedby': `${id}-error` });
        } else {
          const numeric = typeOf(property) === 'integer' || typeOf(property) === 'number';
          input = h('input', {
            id,
            name: path,
            type: numeric ? 'number' : 'text',
            'aria-describedby': `${id}-error`,
            placeholder: property.format === 'date-time' ? `${t('now')} (2025-01-31T09:00:00Z)` : undefined,
            value: property.default !== undefined ? String(property.default) : undefined,
          });
        }
        fields.push({ path, schema: property, required, input, error });
        return h(
          'div',
          { class: 'field' },
          h('label', { for: id }, humanize(name), h('small', {}, required ? ` (${t('required')})` : '')),
          input,
          error,
        );
      });
  }

  const element = h('div', { class: 'schema-form' }, build(schema, ''));

  function check(field: Field, value: unknown): string | undefined {
    const { schema: s } = field;
    if (value === undefined) return field.required ? t('required') : undefined;
    if (typeof value === 'number') {
      if (Number.isNaN(value) || (typeOf(s) === 'integer' && !Number.isInteger(value))) return `${typeOf(s)}`;
      if (s.minimum !== undefined && value < s.minimum) return `≥ ${s.minimum}`;
      if (s.maximum !== undefined && value > s.maximum) return `≤ ${s.maximum}`;
    }
    if (typeof value === 'string') {
      if (s.minLength !== undefined && value.length < s.minLength) return `${s.minLength}+ characters`;
      if (s.maxLength !== undefined && value.length > s.maxLength) return `at most ${s.maxLength} characters`;
      if (s.pattern && !new RegExp(s.pattern, 'u').test(value)) return s.format ? `${s.format}` : `must match ${s.pattern}`;
      if (s.enum && !s.enum.includes(value)) return s.enum.join(' | ');
    }
    return undefined;
  }

  function enteredValue(field: Field): unknown {
    const { input, schema: s } = field;
    if (input instanceof HTMLInputElement && input.type === 'checkbox') return input.checked;
    if (input.value.trim() === '') return undefined;
    const type = typeOf(s);
    return type === 'integer' || type === 'number' ? Number(input.value) : input.value.trim();
  }

  const clearErrors = () => {
    for (const field of fields) {
      field.error.textContent = '';
      field.input.removeAttribute('aria-invalid');
    }
  };
  const mark = (field: Field, message: string) => {
    field.error.textContent = message;
    field.input.setAttribute('aria-invalid', 'true');
  };

  return {
    element,
    clearErrors,
    showError(path, message) {
      const field = fields.find((f) => f.path === path) ?? fields.find((f) => path.startsWith(`${f.path}.`));
      if (!field) return false;
      mark(field, message);
      return true;
    },
    read() {
      clearErrors();
      const body: Record<string, unknown> = {};
      let valid = true;
      for (const field of fields) {
        const value = enteredValue(field);
        const problem = check(field, value);
        if (problem) {
          mark(field, problem);
          valid = false;
          continue;
        }
        if (value === undefined) continue;
        const keys = field.path.split('.');
        let target = body;
        for (const key of keys.slice(0, -1)) {
          target[key] ??= {};
          target = target[key] as Record<string, unknown>;
        }
        target[keys.at(-1)!] = value;
      }
      return valid ? body : undefined;
    },
  };
}
