import type { ItemConfig } from '../config-xml';
import type { ParameterType } from '../types';

/** Jenkins `_class` names, so clients that switch on them see the real ones. */
export const JOB_CLASS: Record<ItemConfig['kind'], string> = {
  pipeline: 'org.jenkinsci.plugins.workflow.job.WorkflowJob',
  freestyle: 'hudson.model.FreeStyleProject',
  folder: 'com.cloudbees.hudson.plugins.folder.Folder',
};

export const RUN_CLASS: Record<ItemConfig['kind'], string> = {
  pipeline: 'org.jenkinsci.plugins.workflow.job.WorkflowRun',
  freestyle: 'hudson.model.FreeStyleBuild',
  folder: 'hudson.model.Run',
};

export const DEFINITION_CLASS: Record<ParameterType, string> = {
  string: 'hudson.model.StringParameterDefinition',
  text: 'hudson.model.TextParameterDefinition',
  boolean: 'hudson.model.BooleanParameterDefinition',
  choice: 'hudson.model.ChoiceParameterDefinition',
};

/** Choice parameters produce plain string values in Jenkins. */
export const VALUE_CLASS: Record<ParameterType, string> = {
  string: 'hudson.model.StringParameterValue',
  text: 'hudson.model.TextParameterValue',
  boolean: 'hudson.model.BooleanParameterValue',
  choice: 'hudson.model.StringParameterValue',
};
