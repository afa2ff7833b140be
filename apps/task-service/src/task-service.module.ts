import { type DynamicModule, Module } from '@nestjs/common';
import { type ServiceContext, ServiceRuntimeModule, type ServiceStorage } from '@orgo/runtime';

import { DirectoryRegistry } from './directory/directory.registry';
import { OrganizationsConsumer } from './organizations/organizations.consumer';
import { TaskServiceSchema1732406400004 } from './migrations/1732406400004-task-service-schema';
import { TaskSourceReceivedAt1732492800000 } from './migrations/1732492800000-task-source-received-at';
import { TaskSourceMessageIndex1732579200000 } from './migrations/1732579200000-task-source-message-index';
import { TaskSuggestedPosition1732665600000 } from './migrations/1732665600000-task-suggested-position';
import { TaskBroadcast1732752000000 } from './migrations/1732752000000-task-broadcast';
import { TaskSourceOrganization1732838400000 } from './migrations/1732838400000-task-source-organization';
import { TaskEscalationClock1732924800000 } from './migrations/1732924800000-task-escalation-clock';
import { TaskFullTextSearch1765065600000 } from './migrations/1765065600000-task-full-text-search';
import { TaskLinks1765152000000 } from './migrations/1765152000000-task-links';
import { TaskAttachments1765238400000 } from './migrations/1765238400000-task-attachments';
import { TaskAttachmentEntity } from './tasks/entities/task-attachment.entity';
import { TaskEventEntity } from './tasks/entities/task-event.entity';
import { TaskKeyCounterEntity } from './tasks/entities/task-key-counter.entity';
import { TaskLinkEntity } from './tasks/entities/task-link.entity';
import { TaskEntity } from './tasks/entities/task.entity';
import { ManualEscalationConsumer } from './tasks/manual-escalation.consumer';
import { ManualTaskConsumer } from './tasks/manual-task.consumer';
import { TaskLinksConsumer } from './tasks/task-links.consumer';
import { TaskTimeline } from './tasks/task-timeline';
import { SchedulerCommandsConsumer } from './tasks/scheduler-commands.consumer';
import { TasksConsumer } from './tasks/tasks.consumer';
import { ApplyTimeRuleService } from './tasks/use-cases/apply-time-rule/apply-time-rule.service';
import { WarnTaskService } from './tasks/use-cases/warn-task/warn-task.service';
import { ApplyReplyService } from './tasks/use-cases/apply-reply/apply-reply.service';
import { CreateManualTaskService } from './tasks/use-cases/create-manual-task/create-manual-task.service';
import { CreateTaskService } from './tasks/use-cases/create-task/create-task.service';
import { EscalateManuallyService } from './tasks/use-cases/escalate-manually/escalate-manually.service';
import { EscalateTaskService } from './tasks/use-cases/escalate-task/escalate-task.service';
import { InvestigateService } from './tasks/use-cases/investigate/investigate.service';
import { MergeTaskService } from './tasks/use-cases/merge-task/merge-task.service';
import { QueryTasksService } from './tasks/use-cases/query-tasks/query-tasks.service';
import { RecordNotificationService } from './tasks/use-cases/record-notification/record-notification.service';
import { SplitTaskService } from './tasks/use-cases/split-task/split-task.service';
import { TaskVisibility } from './tasks/use-cases/query-tasks/task-visibility';
import { TransitionTaskService } from './tasks/use-cases/transition-task/transition-task.service';

/** The tables this service owns and the migrations that create them. */
export const TASK_SERVICE_STORAGE: ServiceStorage = {
  entities: [TaskEntity, TaskEventEntity, TaskKeyCounterEntity, TaskLinkEntity, TaskAttachmentEntity],
  migrations: [TaskServiceSchema1732406400004, TaskSourceReceivedAt1732492800000, TaskSourceMessageIndex1732579200000, TaskSuggestedPosition1732665600000, TaskBroadcast1732752000000, TaskSourceOrganization1732838400000, TaskEscalationClock1732924800000, TaskFullTextSearch1765065600000, TaskLinks1765152000000, TaskAttachments1765238400000],
};

/** task-service: the one task lifecycle, assignment, escalation steps, the organization directory. */
@Module({})
export class TaskServiceModule {
  static register(context: ServiceContext): DynamicModule {
    return {
      module: TaskServiceModule,
      imports: [ServiceRuntimeModule.register(context, TASK_SERVICE_STORAGE)],
      controllers: [ManualEscalationConsumer, ManualTaskConsumer, OrganizationsConsumer, SchedulerCommandsConsumer, TaskLinksConsumer, TasksConsumer],
      providers: [
        ApplyTimeRuleService,
        WarnTaskService,
        ApplyReplyService,
        CreateManualTaskService,
        CreateTaskService,
        DirectoryRegistry,
        EscalateManuallyService,
        EscalateTaskService,
        InvestigateService,
        MergeTaskService,
        QueryTasksService,
        RecordNotificationService,
        SplitTaskService,
        TaskTimeline,
        TaskVisibility,
        TransitionTaskService,
      ],
    };
  }
}
