import { registerDecorator, type ValidationOptions } from 'class-validator';
import { parse } from 'tinyduration';

/**
 * A positive ISO 8601 duration in weeks, days, hours, minutes or seconds (e.g. PT4H, P2D). Years and
 * months are refused: their length varies, which makes a response target ambiguous.
 */
export function isResponseDuration(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 32) return false;
  try {
    const duration = parse(value);
    if (duration.negative || duration.years || duration.months) return false;
    return Boolean(duration.weeks || duration.days || duration.hours || duration.minutes || duration.seconds);
  } catch {
    return false;
  }
}

export function IsResponseDuration(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isResponseDuration',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: '$property must be a positive ISO 8601 duration in weeks, days, hours or minutes, such as PT4H or P2D',
        ...options,
      },
      validator: { validate: isResponseDuration },
    });
}
