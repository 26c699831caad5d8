import { Controller, Param, Patch, Post, Put, Req, Res, UseFilters } from '@nestjs/common';
import { BadUserInputError, Scope } from '@tsunagu/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FhirAuth } from './fhir-auth.service.js';
import { FhirExceptionFilter } from './fhir-errors.js';
import { TSUNAGU, FHIR_JSON, type FhirResource } from './fhir-types.js';
import { FhirWriteService, type TaskChange } from './fhir-write.service.js';

type Json = Record<string, unknown>;

/** The JSON body: Fastify parses `application/json`; `/fhir`'s own media types arrive as text (FhirModule). */
function jsonBody(req: FastifyRequest): unknown {
  if (typeof req.body !== 'string') return req.body;
  try {
    return JSON.parse(req.body) as unknown;
  } catch {
    throw new BadUserInputError('body', 'The body is not valid JSON');
  }
}

/** `If-Match: W/"<version>"` → the expected version (null without the header). */
function expectedVersion(req: FastifyRequest): number | null {
  const header = req.headers['if-match'];
  if (header === undefined) return null;
  const match = /^(?:W\/)?"(\d+)"$/.exec(String(header).trim());
  if (!match) throw new BadUserInputError('If-Match', 'If-Match must be W/"<version>"');
  return Number(match[1]);
}

function statusReasonOf(value: unknown, path: string): TaskChange['statusReason'] {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value))
    throw new BadUserInputError(path, `${path} must be a CodeableConcept`);
  const concept = value as Json;
  const codings = Array.isArray(concept.coding) ? (concept.coding as Json[]) : [];
  const code = codings.find((coding) => coding?.system === TSUNAGU.declineReason)?.code;
  const text = concept.text;
  if (text !== undefined && typeof text !== 'string')
    throw new BadUserInputError(`${path}.text`, `${path}.text must be a string`);
  return { code: typeof code === 'string' ? code : undefined, text };
}

function outcomeOf(value: unknown, path: string): string | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new BadUserInputError(path, `${path} must be an array`);
  const output = (value as Json[]).find((item) => {
    const coding = (item?.type as Json | undefined)?.coding;
    return (
      Array.isArray(coding) && (coding as Json[]).some((c) => c.system === TSUNAGU.taskOutput && c.code === 'outcome')
    );
  });
  const text = output?.valueString;
  if (output && typeof text !== 'string')
    throw new BadUserInputError(`${path}.valueString`, 'The outcome must be a string');
  return text as string | undefined;
}

/** A JSON Patch (RFC 6902) of a Task: `replace` or `add` of `/status`, `/statusReason` and `/output`. */
function patchChange(body: unknown, version: number | null): TaskChange {
  if (!Array.isArray(body) || body.length === 0)
    throw new BadUserInputError('body', 'The body must be a JSON Patch array');
  const change: Partial<TaskChange> = { expectedVersion: version };
  (body as unknown[]).forEach((item, index) => {
    const operation = (item ?? {}) as Json;
    const field = `body[${index}]`;
    if (operation.op !== 'replace' && operation.op !== 'add') {
      throw new BadUserInputError(`${field}.op`, 'Only replace and add are supported');
    }
    switch (operation.path) {
      case '/status':
        if (typeof operation.value !== 'string')
          throw new BadUserInputError('Task.status', 'Task.status must be a code');
        change.status = operation.value;
        break;
      case '/statusReason':
        change.statusReason = statusReasonOf(operation.value, 'Task.statusReason');
        break;
      case '/output':
        change.outcome = outcomeOf(operation.value, 'Task.output');
        break;
      default:
        throw new BadUserInputError(`${field}.path`, 'Only /status, /statusReason and /output can be changed');
    }
  });
  if (!change.status) throw new BadUserInputError('Task.status', 'The patch must replace /status');
  return change as TaskChange;
}

function putChange(body: unknown, id: string, version: number | null): TaskChange {
  const task = (body ?? {}) as Json;
  if (task.resourceType !== 'Task') throw new BadUserInputError('Task', 'The body must be a Task');
  if (task.id !== id) throw new BadUserInputError('Task.id', 'Task.id must be the id of the URL');
  if (typeof task.status !== 'string') throw new BadUserInputError('Task.status', 'Task.status is required');
  return {
    status: task.status,
    statusReason: statusReasonOf(task.statusReason, 'Task.statusReason'),
    outcome: outcomeOf(task.output, 'Task.output'),
    expectedVersion: version,
  };
}

function sendTask(reply: FastifyReply, task: FhirResource): void {
  const meta = task.meta as { versionId?: string } | undefined;
  if (meta?.versionId) void reply.header('etag', `W/"${meta.versionId}"`);
  void reply.status(200).header('content-type', FHIR_JSON).send(task);
}

/** FHIR R4 writes (docs/fhir.md, "Writing"): a referral by transaction Bundle, Task status changes. */
@Controller('fhir')
@UseFilters(FhirExceptionFilter)
export class FhirWriteController {
  constructor(
    private readonly auth: FhirAuth,
    private readonly writes: FhirWriteService,
  ) {}

  @Post()
  async transaction(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const context = await this.auth.authenticate(req, reply, [Scope.PERSONS_WRITE, Scope.REFERRALS_WRITE]);
    const response = await this.writes.transaction(context, jsonBody(req));
    void reply.status(200).header('content-type', FHIR_JSON).send(response);
  }

  @Patch('Task/:id')
  async patchTask(@Param('id') id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const context = await this.auth.authenticate(req, reply, [Scope.REFERRALS_WRITE, Scope.REFERRALS_READ]);
    sendTask(reply, await this.writes.changeTask(context, id, patchChange(jsonBody(req), expectedVersion(req))));
  }

  @Put('Task/:id')
  async putTask(@Param('id') id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const context = await this.auth.authenticate(req, reply, [Scope.REFERRALS_WRITE, Scope.REFERRALS_READ]);
    sendTask(reply, await this.writes.changeTask(context, id, putChange(jsonBody(req), id, expectedVersion(req))));
  }
}
