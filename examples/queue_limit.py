# Queueing under a concurrency limit: one "GPU", so one image at a time.
# `blockspec simulate examples/queue_limit.py` plays queue_limit.toml: three users click
# Generate within half a second; the second and third wait their turn (FIFO), each told
# where it stands in the queue, and the third is refused when max_size is reached.
import gradio as gr


def generate(prompt):
    return f"an image of {prompt}"


with gr.Blocks(title="Queue limit") as demo:
    prompt = gr.Textbox(label="Prompt")
    run = gr.Button("Generate", variant="primary")
    result = gr.Textbox(label="Result")
    run.click(generate, prompt, result, concurrency_limit=1)

demo.queue(max_size=2)
