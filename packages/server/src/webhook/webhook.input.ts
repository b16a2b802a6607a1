import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: 'A new webhook endpoint of a company' })
export class CreateWebhookInput {
  @Field(() => ID, { description: 'The company whose events it receives' })
  companyId: string;

  @Field(() => String, { description: 'Where events are POSTed: https (http only where WEBHOOK_ALLOW_HTTP=true, or outside production), a public address' })
  url: string;

  @Field(() => [String], { description: 'The events it receives, at least one: ' + 'certificate.expiring, certificate.expired, rest-account.created, rest-account.updated, rest-account.deleted, rest-account.certificate-added, rest-account.certificate-removed, rest-account.review-required, role.changed, mandate.changed, token.refusals' })
  events: string[];
}

@InputType({ description: 'What changes about an endpoint (what is left out stays)' })
export class UpdateWebhookInput {
  @Field(() => String, { nullable: true, description: 'A new URL (checked as at registration)' })
  url?: string | null;

  @Field(() => [String], { nullable: true, description: 'The events it receives from now on (at least one)' })
  events?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: 'false stops its deliveries; true enables it again (and forgets its failures)' })
  enabled?: boolean | null;
}
