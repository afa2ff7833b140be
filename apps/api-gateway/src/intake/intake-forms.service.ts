import { Inject, Injectable } from '@nestjs/common';
import { organizationBySlug, parserSettingsFrom, type ParserSettings } from '@orgo/config';
import { OrgoError } from '@orgo/domain';
import { SERVICE_CONTEXT, type ServiceContext } from '@orgo/runtime';

import { INTAKE_ERRORS } from './intake-errors';
import { type IntakeForm, intakeFormOf } from './intake-form';
import { INTAKE_SETTINGS, type IntakeSettings } from './intake-settings';

/** The web forms the configuration opens (`intake.web_form` of each organization). */
@Injectable()
export class IntakeFormsService {
  private readonly parser: ParserSettings;

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly context: ServiceContext,
    @Inject(INTAKE_SETTINGS) private readonly settings: IntakeSettings,
  ) {
    this.parser = parserSettingsFrom(context.config.services);
  }

  /** The form of a role; 404 (`INTAKE.FORM_NOT_FOUND`) when there is none, whatever the reason. */
  get(organization: string, role: string): IntakeForm {
    const form = intakeFormOf(organizationBySlug(this.context.config, organization), role, this.parser, this.settings.maxFiles);
    if (!form) {
      throw new OrgoError(INTAKE_ERRORS.formNotFound, `There is no web form for role '${role}' of organization '${organization}': check the link, or write to the role's address`);
    }
    return form;
  }

  /** The challenge scope of a form: a token solved for one form is refused by another. */
  static scope(form: IntakeForm): string {
    return `report:${form.organization.slug}/${form.role}`;
  }
}
