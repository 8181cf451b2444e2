import type { Response } from 'express';
import type { AppError } from '../../graphql/errors.js';

/** Answers with one of our errors before Apollo sees the request: its HTTP status and headers, then the GraphQL error body. */
export function refuse(res: Response, error: AppError): void {
  const { http, ...extensions } = error.extensions as { http?: { status?: number; headers?: Map<string, string> } };
  for (const [name, value] of http?.headers ?? []) res.setHeader(name, value);
  res.status(http?.status ?? 400).json({ errors: [{ message: error.message, extensions }] });
}
