import { z } from 'zod';

/**
 * HubSpot's error answers, parsed leniently: every field optional, unknown fields kept out.
 * Two families exist: the API envelope (`status: "error"`, `message`, `correlationId`,
 * `category`, `errors[]`, `context`, 429's `errorType`/`policyName`) and the OAuth token
 * endpoint's bare `{status: "BAD_REFRESH_TOKEN", message}` (v3 adds RFC 6749 `error`).
 */

const stringList = z.array(z.string()).catch([]);

export const HubSpotErrorDetail = z.object({
  message: z.string().optional().catch(undefined),
  code: z.string().optional().catch(undefined),
  in: z.string().optional().catch(undefined),
  context: z.record(z.string(), stringList).optional().catch(undefined),
  subCategory: z.string().optional().catch(undefined),
});

export const HubSpotErrorBody = z.object({
  status: z.string().optional().catch(undefined),
  message: z.string().optional().catch(undefined),
  correlationId: z.string().optional().catch(undefined),
  category: z.string().optional().catch(undefined),
  subCategory: z.string().optional().catch(undefined),
  errorType: z.string().optional().catch(undefined),
  policyName: z.string().optional().catch(undefined),
  error: z.string().optional().catch(undefined),
  error_description: z.string().optional().catch(undefined),
  /** The data centre ("hublet", e.g. eu1) that holds the portal, on HubSpot's wrong-data-centre answer. */
  correctHublet: z.string().regex(/^[a-z]{2}\d{1,2}$/).optional().catch(undefined),
  errors: z.array(HubSpotErrorDetail).optional().catch(undefined),
  context: z.record(z.string(), stringList).optional().catch(undefined),
});
export type HubSpotErrorBody = z.infer<typeof HubSpotErrorBody>;

/** Takes whatever came back (object, JSON text, HTML, nothing) and returns the fields we know. */
export function parseErrorBody(body: unknown): HubSpotErrorBody {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      return { message: body.slice(0, 300) };
    }
  }
  const parsed = HubSpotErrorBody.safeParse(value ?? {});
  return parsed.success ? parsed.data : {};
}

/** HubSpot puts the per-property problems of a CRM write as JSON inside the message text. */
const EmbeddedIssue = z.object({ name: z.string(), message: z.string().optional(), error: z.string().optional() });
export function embeddedPropertyIssues(message: string | undefined): z.infer<typeof EmbeddedIssue>[] {
  const at = message?.indexOf('[') ?? -1;
  if (!message || at < 0 || !/Property values were not valid/i.test(message)) return [];
  try {
    const parsed = z.array(EmbeddedIssue).safeParse(JSON.parse(message.slice(at)));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}
