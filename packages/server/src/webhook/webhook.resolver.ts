import { MAX_WEBHOOKS_PER_COMPANY } from '@chaman/domain';
import { Arg, Ctx, Extensions, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { Company } from '../company/company.type.js';
import { pageArgs, pageOf, type Page } from '../graphql/connection.js';
import type { Context } from '../graphql/context.js';
import { answer } from '../graphql/errors.js';
import { CreateWebhookInput, UpdateWebhookInput } from './webhook.input.js';
import { toDelivery, toWebhook, Webhook, WebhookDelivery, WebhookDeliveryConnection, WebhookWithSecret } from './webhook.type.js';
import {
  companyWebhooks,
  createWebhook,
  deleteWebhook,
  redeliverWebhook,
  rotateWebhookSecret,
  sendTestWebhook,
  updateWebhook,
  webhookDeliveries,
} from './webhook.use-cases.js';

const withSecret = (r: { webhook: Parameters<typeof toWebhook>[0]; secret: string }) => Object.assign(new WebhookWithSecret(), { webhook: toWebhook(r.webhook), secret: r.secret });

@Resolver(() => Webhook)
export class WebhookResolver {
  @Mutation(() => WebhookWithSecret, { description: "Registers a webhook endpoint for a company's events (its access managers); the secret is shown this once" })
  async createWebhook(@Arg('input', () => CreateWebhookInput) input: CreateWebhookInput, @Ctx() ctx: Context): Promise<WebhookWithSecret> {
    return withSecret(answer(await createWebhook(ctx.deps, input)));
  }

  @Mutation(() => Webhook, { description: "Changes an endpoint's URL, events, or whether it is enabled" })
  async updateWebhook(
    @Arg('id', () => ID, { description: 'The endpoint' }) id: string,
    @Arg('input', () => UpdateWebhookInput) input: UpdateWebhookInput,
    @Ctx() ctx: Context,
  ): Promise<Webhook> {
    return toWebhook(answer(await updateWebhook(ctx.deps, id, input)));
  }

  @Mutation(() => WebhookWithSecret, { description: 'A new signing secret, shown this once; the old one keeps signing beside it for 24 hours' })
  async rotateWebhookSecret(@Arg('id', () => ID, { description: 'The endpoint' }) id: string, @Ctx() ctx: Context): Promise<WebhookWithSecret> {
    return withSecret(answer(await rotateWebhookSecret(ctx.deps, id)));
  }

  @Mutation(() => Webhook, { description: 'Deletes an endpoint and its delivery log; answers it as it was' })
  async deleteWebhook(@Arg('id', () => ID, { description: 'The endpoint' }) id: string, @Ctx() ctx: Context): Promise<Webhook> {
    return toWebhook(answer(await deleteWebhook(ctx.deps, id)));
  }

  @Mutation(() => WebhookDelivery, { description: 'Sends a webhook.test event to this endpoint (signed like any other); answers its delivery' })
  async sendTestWebhook(@Arg('id', () => ID, { description: 'The endpoint' }) id: string, @Ctx() ctx: Context): Promise<WebhookDelivery> {
    return toDelivery(answer(await sendTestWebhook(ctx.deps, id)));
  }

  @Mutation(() => WebhookDelivery, { description: 'Delivers an event again (same webhook-id), with 24 more hours of retries' })
  async redeliverWebhook(@Arg('deliveryId', () => ID, { description: 'The delivery, from the endpoint\'s deliveries' }) deliveryId: string, @Ctx() ctx: Context): Promise<WebhookDelivery> {
    return toDelivery(answer(await redeliverWebhook(ctx.deps, deliveryId)));
  }

  @FieldResolver(() => WebhookDeliveryConnection, { description: 'Its delivery log, newest first: status, attempts, last response code' })
  async deliveries(
    @Root() webhook: Webhook,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { defaultValue: 50, description: 'Page size, from 1 to 100' }) first: number,
    @Arg('after', () => String, { nullable: true, description: "Continue after this cursor (a previous page's pageInfo.endCursor)" }) after: string | null,
  ): Promise<Page<WebhookDelivery>> {
    const { limit, before } = pageArgs(first, after);
    const rows = answer(await webhookDeliveries(ctx.deps, webhook, before, limit + 1));
    return pageOf(rows, limit, toDelivery);
  }
}

@Resolver(() => Company)
export class CompanyWebhookResolver {
  @FieldResolver(() => [Webhook], { description: `Its webhook endpoints, oldest first (at most ${MAX_WEBHOOKS_PER_COMPANY}; its access managers)` })
  @Extensions({ maxItems: MAX_WEBHOOKS_PER_COMPANY })
  async webhooks(@Root() company: Company, @Ctx() ctx: Context): Promise<Webhook[]> {
    return answer(await companyWebhooks(ctx.deps, company.id)).map(toWebhook);
  }
}
