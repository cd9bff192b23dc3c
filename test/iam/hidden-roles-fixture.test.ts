import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { addFeaturesWithHiddenRoles } from './hidden-roles-fixture';

describe('the hidden-roles fixture (also deployed by the permissions-boundary integ case)', () => {
  test('its custom resource reads an SSM parameter that the same stack creates, so a deployment can succeed', () => {
    const stack = new Stack(new App(), 'Workload');
    addFeaturesWithHiddenRoles(stack);
    const template = Template.fromStack(stack);
    const [parameterId] = Object.keys(template.findResources('AWS::SSM::Parameter'));
    expect(parameterId).toBeDefined();
    const [lookUp] = Object.values<any>(template.findResources('Custom::AWS'));
    // The SDK call is rendered into a JSON string with the parameter's name spliced in by reference.
    expect(JSON.stringify(lookUp.Properties.Create)).toContain(JSON.stringify({ Ref: parameterId }));
  });
});
