import type { Logger } from '@souk/platform';
import { mergeOpenApi, type OpenApiDocument, type ServiceDocument } from './openapi-merge.js';

export interface ApiDocsOptions {
  services: readonly string[];
  /** One service's own document (its `GET /openapi.json`). */
  fetchDocument: (service: string) => Promise<OpenApiDocument>;
  /** Routes the gateway itself serves (the system view). */
  ownDocument: () => OpenApiDocument;
  ttlMs: number;
  logger: Logger;
}

export interface ApiDocs {
  /** The merged document, rebuilt at most once per TTL (concurrent callers share one rebuild). */
  document(): Promise<OpenApiDocument>;
  /** The last document built, if any. */
  latest(): OpenApiDocument | undefined;
}

export function createApiDocs(options: ApiDocsOptions): ApiDocs {
  let built: { document: OpenApiDocument; at: number } | undefined;
  let building: Promise<OpenApiDocument> | undefined;

  async function build(): Promise<OpenApiDocument> {
    const results = await Promise.allSettled(
      options.services.map((service) => options.fetchDocument(service)),
    );
    const sources: ServiceDocument[] = [{ service: 'gateway', document: options.ownDocument() }];
    const missing: string[] = [];
    results.forEach((result, index) => {
      const service = options.services[index]!;
      if (result.status === 'fulfilled') sources.push({ service, document: result.value });
      else {
        missing.push(service);
        options.logger.debug({ err: result.reason, service }, 'no OpenAPI document from service');
      }
    });
    const document = mergeOpenApi(sources, missing);
    built = { document, at: Date.now() };
    return document;
  }

  return {
    async document() {
      if (built && Date.now() - built.at < options.ttlMs) return built.document;
      building ??= build().finally(() => {
        building = undefined;
      });
      return building;
    },
    latest: () => built?.document,
  };
}
