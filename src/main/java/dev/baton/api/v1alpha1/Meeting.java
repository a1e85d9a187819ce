package dev.baton.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A long-running meeting whose process Baton keeps alive while worker pods come and go. */
@Group("baton.dev")
@Version("v1alpha1")
@Kind("Meeting")
@Plural("meetings")
@ShortNames("mtg")
@JsonClassDescription(
    "A meeting whose process Baton keeps alive, with its state, while worker pods come and go.")
@ValidationRule(
    value = "has(self.spec)",
    message = "spec is required: a Meeting needs at least spec.title and spec.agenda")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Worker", jsonPath = ".status.assignment.worker")
@AdditionalPrinterColumn(name = "Epoch", jsonPath = ".status.assignment.epoch", type = Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Handoffs",
    jsonPath = ".status.handoffs.count",
    type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class Meeting extends CustomResource<MeetingSpec, MeetingStatus> implements Namespaced {}
